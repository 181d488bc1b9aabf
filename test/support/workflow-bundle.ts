import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bundleEngineWorkflows } from '../../worker/bundle';

/** Names the file holding this jest run's workflow bundle: the worker's own setting, so the worker processes tests start inherit it. */
export const WORKFLOW_BUNDLE_VARIABLE = 'WORKFLOW_BUNDLE_FILE';

/**
 * Jest global setup: bundles the engine's workflows once for the whole run.
 * Bundling costs seconds of CPU; before this, every test file paid it again,
 * some several times over.
 */
export default async function bundleWorkflowsForRun(): Promise<void> {
  if (process.env[WORKFLOW_BUNDLE_VARIABLE]) return;
  const code = await bundleEngineWorkflows();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-workflows-'));
  const file = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(file, code);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  process.env[WORKFLOW_BUNDLE_VARIABLE] = file;
}

/** The run's workflow bundle for Worker.create; undefined outside jest (the benchmarks), where a worker bundles its own. */
export function runWorkflowBundle(): { codePath: string } | undefined {
  const codePath = process.env[WORKFLOW_BUNDLE_VARIABLE];
  return codePath ? { codePath } : undefined;
}
