/**
 * cdk-nag's AWS Solutions pack runs on the whole app (as bin/momentarium.ts registers it) and finds
 * nothing unacknowledged, for the default settings and for the alternative ones; every acknowledgment
 * says why. A deliberately non-compliant bucket proves the check is live.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import type { MomentariumStack } from '../../lib/momentarium-stack.ts';
import { buildApp } from './momentarium-app.ts';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

/** Synthesizes with cdk-nag and returns every unacknowledged finding (errors and warnings). */
function nagFindings(
  overrides: Record<string, unknown>,
  tamper?: (stack: MomentariumStack) => void,
): string[] {
  const { app, stack } = buildApp(overrides, { nag: true });
  tamper?.(stack);
  let directory: string;
  try {
    directory = app.synth().directory;
  } catch (error) {
    // In-memory synth throws on error-level findings; the message carries the report.
    return [String(error)];
  }
  const reportFile = join(directory, VALIDATION_REPORT_FILE);
  if (!existsSync(reportFile)) return [];
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    pluginReports: { violations: Violation[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName} at ${violation.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
    ),
  );
}

test('default settings: zero unacknowledged cdk-nag errors or warnings', () => {
  expect(nagFindings({})).toEqual([]);
});

test('every alternative setting: zero unacknowledged findings', () => {
  expect(
    nagFindings({
      natMode: 'gateway',
      retainUserData: 'false',
      deletionProtection: 'false',
      databaseMultiAz: 'true',
      alarmEmail: 'ops@example.com',
      siteDomainName: 'photos.example.com',
      siteCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      publicPageWaf: 'true',
    }),
  ).toEqual([]);
});

test('an existing web ACL attached by ARN: zero unacknowledged findings', () => {
  expect(
    nagFindings({
      wafWebAclArn:
        'arn:aws:wafv2:us-east-1:123456789012:global/webacl/team-acl/473e64fd-f30b-4765-81a0-62ad96dd167a',
    }),
  ).toEqual([]);
});

test('the check is live: a non-compliant bucket is reported', () => {
  const findings = nagFindings({}, (stack) => {
    new Bucket(stack, 'CarelessBucket');
  });
  expect(findings.join('\n')).toMatch(/AwsSolutions-S(1|10)/);
});

test('every acknowledgment names a rule and gives a specific reason', () => {
  const { app } = buildApp({}, { nag: true });
  const acknowledgments = app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
    )
    .filter(([id]) => id.includes('AwsSolutions'));
  expect(acknowledgments.length).toBeGreaterThan(10);
  for (const [id, reason] of acknowledgments) {
    expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
    expect(reason.length).toBeGreaterThanOrEqual(40);
  }
});
