/**
 * Every HTTP route, in one table that both runtimes read: the CDK stack makes one Lambda per entry
 * (`lambdas/handlers/http/<name>.ts`), and the local server dispatches to the same modules.
 * Paths use API Gateway's syntax.
 */
export interface RouteDefinition {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** false only for health: everything else sits behind the JWT authorizer. */
  authorized: boolean;
}

export const routes: readonly RouteDefinition[] = [
  { name: 'health', method: 'GET', path: '/api/health', authorized: false },
  { name: 'generate-upload-urls', method: 'POST', path: '/api/uploads/generate-urls', authorized: true },
  { name: 'process-gallery', method: 'POST', path: '/api/galleries/process', authorized: true },
  { name: 'get-job-status', method: 'GET', path: '/api/jobs/{id}/status', authorized: true },
  { name: 'retry-job', method: 'POST', path: '/api/jobs/{id}/retry', authorized: true },
  { name: 'get-gallery', method: 'GET', path: '/api/galleries/{userId}', authorized: true },
  { name: 'update-album', method: 'PATCH', path: '/api/albums/{albumId}', authorized: true },
  { name: 'delete-album', method: 'DELETE', path: '/api/albums/{albumId}', authorized: true },
  { name: 'add-album-image', method: 'POST', path: '/api/albums/{albumId}/images', authorized: true },
  {
    name: 'remove-album-image',
    method: 'DELETE',
    path: '/api/albums/{albumId}/images/{imageId}',
    authorized: true,
  },
  { name: 'delete-image', method: 'DELETE', path: '/api/images/{imageId}', authorized: true },
  { name: 'list-images', method: 'GET', path: '/api/images', authorized: true },
];
