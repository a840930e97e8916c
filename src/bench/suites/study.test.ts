import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { studySuite } from './study.js';

describe('the study suite', () => {
  it('has unique kebab-case ids, each prefixed by its class', () => {
    const ids = studySuite.tasks.map((task) => task.id);
    assert.equal(new Set(ids).size, ids.length);
    const prefix = { provisioning: 'provision-', update: 'update-', monitoring: 'monitor-' } as const;
    for (const task of studySuite.tasks) {
      assert.match(task.id, /^[a-z0-9]+(-[a-z0-9]+)+$/);
      assert.ok(task.id.startsWith(prefix[task.taskClass]), `${task.id} is a ${task.taskClass} task`);
    }
  });

  it('gives every task at least three distinct phrasings', () => {
    for (const task of studySuite.tasks) {
      assert.ok(task.phrasings.length >= 3, `${task.id} has ${task.phrasings.length} phrasings`);
      assert.equal(new Set(task.phrasings.map((phrasing) => phrasing.toLowerCase())).size, task.phrasings.length, `${task.id} repeats a phrasing`);
    }
  });

  it("covers the study's tasks in each class", () => {
    const ids = new Set(studySuite.tasks.map((task) => task.id));
    const study = [
      'provision-one-vm', 'provision-three-vms-same-network', 'provision-lb-for-existing-vms', 'provision-vpc-with-subnets',
      'provision-security-group', 'provision-volume', 'provision-elastic-ip',
      'update-attach-disk', 'update-detailed-monitoring', 'update-resize', 'update-stop', 'update-start', 'update-reboot', 'update-tag',
      'update-open-port', 'update-close-port', 'update-convert-to-spot', 'update-into-target-group', 'update-out-of-target-group',
      'monitor-status', 'monitor-public-ip', 'monitor-private-ip', 'monitor-disks', 'monitor-count', 'monitor-network-peers',
      'monitor-lb-members', 'monitor-dependency-graph',
    ];
    assert.deepEqual(study.filter((id) => !ids.has(id)), []);
  });

  it('gives every known gap a reason', () => {
    for (const task of studySuite.tasks) {
      if (task.knownGap) assert.ok(task.knownGap.reason.length > 20, `${task.id}'s known gap needs a real reason`);
    }
  });
});
