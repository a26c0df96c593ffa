import type { AppOperation } from '../contracts/app-operations';
import type { ContractOperation } from '../contracts/manifest';
import { AUTH_CHECKS } from './auth-checks';
import type { ContractCheck } from './check';
import { PAGING_CHECKS } from './paging-checks';
import { SCHEMA_CHECKS } from './schema-checks';
import { APP_OPERATIONS_CHECK, shapeChecks } from './shape-checks';

/**
 * Every contract check for our operations, in report order. A check is defined once, in its
 * area's module (id, area, title, docs and run); the one contract spec, the fault matrix, the alert
 * policy's areas and the reports all read this list, so a new check needs nothing else but the
 * sandbox fault and matrix row that prove it.
 */
export function catalogue(operations: readonly ContractOperation[], appOperations: readonly AppOperation[] = []): readonly ContractCheck[] {
  const checks = [...AUTH_CHECKS, ...PAGING_CHECKS, ...shapeChecks(operations), ...(appOperations.length ? [APP_OPERATIONS_CHECK] : []), ...SCHEMA_CHECKS];
  const seen = new Set<string>();
  for (const check of checks) {
    if (seen.has(check.id)) throw new Error(`two checks have the id ${check.id}`);
    seen.add(check.id);
  }
  return checks;
}
