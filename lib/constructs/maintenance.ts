/**
 * Daily housekeeping: one scheduled function that forgets photos never organized (upload URLs never
 * used, uploads abandoned — read by ingest or not — or rejected), deletes for good the photos in the
 * Trash for 30 days, and forgets albums deleted 30 days ago; with the photos go their files: the
 * original (for unorganized ones the bucket's lifecycle rule expires it a day earlier anyway) and the
 * renditions, which no rule expires. The database and deleting photo files are all it may do.
 *
 * Beside it, hourly: reading the details (camera settings, location) of photos read before they were
 * kept, from their originals, until none is left; the database and reading originals are all it may do.
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
  readonly detailsFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: MaintenanceProps) {
    super(scope, id);
    this.function = nodeFunction(this, 'DailyCleanUp', {
      entry: 'lambdas/handlers/schedule/daily-clean-up.ts',
      description: 'Momentarium: daily clean-up (photos never organized, the Trash, deleted albums)',
      vpc: props.vpc,
      // The Trash's part starts no batch after PURGE_RUN_BUDGET_MS (8 minutes): room to finish one.
      timeout: Duration.minutes(10),
    });
    props.database.connect(this.function);
    props.uploads.grantDeletePhotos(this.function);
    new Rule(this, 'Daily', {
      description: 'Momentarium: daily clean-up (photos never organized, the Trash, deleted albums)',
      schedule: Schedule.cron({ hour: '3', minute: '17' }),
      targets: [new LambdaFunction(this.function, { retryAttempts: 2 })],
    });

    this.detailsFunction = nodeFunction(this, 'ReadMissingDetails', {
      entry: 'lambdas/handlers/schedule/read-missing-details.ts',
      description: 'Momentarium: hourly read of the details of photos read before they were kept',
      vpc: props.vpc,
      // The run starts no batch after DETAILS_RUN_BUDGET_MS (3 minutes); four originals (up to 50 MB
      // each) are held at once.
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });
    // A failed run is tried again by the next one: no Lambda retries of the asynchronous call either.
    this.detailsFunction.configureAsyncInvoke({ retryAttempts: 0 });
    props.database.connect(this.detailsFunction);
    props.uploads.grantReadOriginals(this.detailsFunction);
    new Rule(this, 'Hourly', {
      description: 'Momentarium: hourly read of the details of photos read before they were kept',
      schedule: Schedule.rate(Duration.hours(1)),
      // A failed run is tried again by the next one: no delivery retries either.
      targets: [new LambdaFunction(this.detailsFunction, { retryAttempts: 0 })],
    });
  }
}
