import fs from 'node:fs';
import path from 'node:path';

import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** The engine's workflow code as one bundle, as every worker loads it. */
export async function bundleEngineWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  return code;
}

/** The bundle `npm run build` writes, which WORKFLOW_BUNDLE_FILE points a worker at. */
export const BUILT_WORKFLOW_BUNDLE = path.resolve(__dirname, '..', 'workflow-bundle.js');

// `node dist/worker/bundle.js`, the build's last step: bundling once at build time lets each worker start in a second.
if (require.main === module) {
  void bundleEngineWorkflows().then((code) => {
    fs.writeFileSync(BUILT_WORKFLOW_BUNDLE, code);
    console.log(`Workflow bundle: ${path.relative(process.cwd(), BUILT_WORKFLOW_BUNDLE)} (${Math.round(code.length / 1024)} KB)`);
  });
}
