import { catalogue } from '../../src/checks/catalogue';
import { loadContracts } from '../../src/contracts/manifest';
import type { SuitePlan } from '../../src/engine/suite-plan';
import { runAppOperations, suiteTargets } from '../../src/targets/targets-file';

/** The suite's plan without an engine (`playwright test --list`, which starts none): from the targets file and our operations. */
export function suitePlanFromFiles(): SuitePlan {
  const { names, contractsDir } = suiteTargets(process.env);
  return { targets: names, checks: catalogue(loadContracts(contractsDir), runAppOperations(process.env)).map(({ id, title, area }) => ({ id, title, area })) };
}
