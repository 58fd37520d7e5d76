/**
 * The NAT instance sets itself up reliably and heals: its first-boot script (rendered from the
 * template, run here under bash with the system commands stubbed) retries the package install,
 * persists what must survive a reboot, and tells CloudFormation whether it worked; CloudFormation
 * waits for that signal; status-check alarms recover or reboot the instance.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp, resourcesOf } from './momentarium-app.ts';

let template: Template;
let natId: string;
let script: string;

beforeAll(() => {
  template = buildApp().template;
  const [[id, nat]] = Object.entries(resourcesOf(template, 'AWS::EC2::Instance')) as [[string, any]];
  natId = id;
  // The stack name and region are concrete at synth, so the script is one literal string.
  script = nat.Properties.UserData['Fn::Base64'];
  expect(typeof script).toBe('string');
});

test('CloudFormation waits for the NAT instance to report its setup, and fails the deploy without it', () => {
  const [nat] = Object.values(resourcesOf(template, 'AWS::EC2::Instance'));
  expect(nat?.CreationPolicy).toEqual({ ResourceSignal: { Count: 1, Timeout: 'PT15M' } });
  expect(script).toContain(
    `/opt/aws/bin/cfn-signal --stack Momentarium --resource ${natId} --region us-east-1`,
  );
});

test('status-check alarms recover the NAT on a system failure and reboot it on an instance failure', () => {
  const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
  const byMetric = (name: string) => alarms.find((alarm) => alarm.Properties.MetricName === name);
  const system = byMetric('StatusCheckFailed_System');
  const instance = byMetric('StatusCheckFailed_Instance');
  for (const alarm of [system, instance]) {
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/EC2',
      Period: 60,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm?.Properties.Dimensions).toEqual([{ Name: 'InstanceId', Value: { Ref: natId } }]);
  }
  expect(JSON.stringify(system?.Properties.AlarmActions)).toContain(':ec2:recover');
  expect(JSON.stringify(instance?.Properties.AlarmActions)).toContain(':ec2:reboot');
});

test('a NAT gateway needs neither (AWS keeps it available)', () => {
  const gateway = buildApp({ natMode: 'gateway' }).template;
  gateway.resourceCountIs('AWS::EC2::Instance', 0);
  const metrics = Object.values(resourcesOf(gateway, 'AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties.MetricName,
  );
  expect(metrics).not.toContain('StatusCheckFailed_System');
});

/** Runs the script with stub commands that log their calls; `dnf` fails its first `dnfFailures` calls. */
function runSetup(dnfFailures: number): {
  calls: string[];
  signal: string;
  saved: string;
  status: number | null;
} {
  const dir = mkdtempSync(join(tmpdir(), 'momentarium-nat-'));
  try {
    const log = join(dir, 'calls.log');
    const stub = (name: string, body = '') => {
      writeFileSync(join(dir, name), `#!/bin/bash\necho "${name} $*" >>${log}\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    stub(
      'dnf',
      `count=$(cat ${dir}/dnf-count 2>/dev/null || echo 0); echo $((count + 1)) >${dir}/dnf-count; [ "$count" -ge ${dnfFailures} ]`,
    );
    stub('sleep');
    stub('systemctl');
    stub('iptables-save', 'echo "*nat"; echo "-A POSTROUTING -o ens5 -j MASQUERADE"; echo COMMIT');
    stub('cfn-signal');
    stub('sysctl', '[ "$1" = -n ] && echo 1; true');
    stub('ip', 'echo "default via 10.40.0.1 dev ens5 proto dhcp"');
    stub(
      'iptables',
      '[ "$1 $2 $3" = "-t nat -C" ] && exit 1; [ "$1 $2 $3" = "-t nat -S" ] && echo "-A POSTROUTING -o ens5 -j MASQUERADE"; true',
    );
    const local = script
      .replaceAll('/opt/aws/bin/cfn-signal', join(dir, 'cfn-signal'))
      .replaceAll('/var/log/momentarium-nat-setup.log', join(dir, 'setup.log'))
      .replaceAll('/etc/sysctl.d/', `${dir}/`)
      .replaceAll('/etc/sysconfig/iptables', `${dir}/saved-rules`);
    const result = spawnSync('bash', ['-c', local], {
      env: { PATH: `${dir}:/usr/bin:/bin` },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((call) => call.trim());
    const savedFile = join(dir, 'saved-rules');
    return {
      calls,
      saved: existsSync(savedFile) ? readFileSync(savedFile, 'utf8') : '',
      signal: calls.find((call) => call.startsWith('cfn-signal')) ?? '',
      status: result.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the setup retries a failing package install, persists the rules and signals success', () => {
  const { calls, signal, saved } = runSetup(3);
  expect(calls.filter((call) => call.startsWith('dnf install -y iptables-services'))).toHaveLength(4);
  expect(calls).toContain('systemctl enable --now iptables');
  expect(calls).toContain('iptables -t nat -A POSTROUTING -o ens5 -j MASQUERADE');
  expect(calls).toContain('iptables -F FORWARD');
  expect(calls).toContain('iptables-save');
  expect(saved).toContain('-A POSTROUTING -o ens5 -j MASQUERADE');
  expect(signal).toMatch(/ -e 0$/);
});

test('a package install that never succeeds is reported as a failure, not left silent', () => {
  const { calls, signal } = runSetup(1000);
  expect(calls.filter((call) => call.startsWith('dnf install'))).toHaveLength(10);
  expect(calls).not.toContain('iptables-save');
  expect(signal).toMatch(/ -e 10$/);
});
