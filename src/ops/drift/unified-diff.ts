// Moved to core so the IaC executor (exec/agent layers) can print template diffs too.
export { unifiedDiff } from '../../core/unified-diff.js';
