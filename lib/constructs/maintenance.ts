/**
 * Daily housekeeping: a scheduled function that forgets photos never organized (upload URLs never
 * used, uploads abandoned — read by ingest or not — or rejected) and deletes their files: the original
 * (the bucket's lifecycle rule expires it a day earlier anyway) and the renditions ingest wrote, which
 * no rule expires. The database and deleting photo files are all it may do.
 */
import { Duration } from 'aws-cdk-lib';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { Database } from './database.ts';
import { nodeFunction } from './node-function.ts';
import type { Uploads } from './uploads.ts';

export interface MaintenanceProps {
  readonly vpc: IVpc;
  readonly database: Database;
  readonly uploads: Uploads;
}

export class Maintenance extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: MaintenanceProps) {
    super(scope, id);
    this.function = nodeFunction(this, 'PurgeUnorganizedPhotos', {
      entry: 'lambdas/handlers/schedule/purge-unorganized-photos.ts',
      description: 'Momentarium: daily clean-up of photos never organized',
      vpc: props.vpc,
      timeout: Duration.minutes(1),
    });
    props.database.connect(this.function);
    props.uploads.grantDeletePhotos(this.function);
    new Rule(this, 'Daily', {
      description: 'Momentarium: daily clean-up of photos never organized',
      schedule: Schedule.cron({ hour: '3', minute: '17' }),
      targets: [new LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }
}
