import { AUTH_CHECKS } from './auth-checks';
import type { ContractCheck } from './check';
import { PAGING_CHECKS } from './paging-checks';
import { SCHEMA_CHECKS } from './schema-checks';
import { SHAPE_CHECKS } from './shape-checks';

/** Every contract check, in report order. The specs and the fault matrix both read this list. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = [...AUTH_CHECKS, ...PAGING_CHECKS, ...SHAPE_CHECKS, ...SCHEMA_CHECKS];

export function checksIn(area: ContractCheck['area']): ContractCheck[] {
  return CONTRACT_CHECKS.filter((check) => check.area === area);
}
