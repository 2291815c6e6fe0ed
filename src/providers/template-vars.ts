/** Per-provider template values and scope flags for fix commands. */
import type { ScopeFlags, TemplateVars } from '../engine/render-fix';
import type { Provider, VmSnapshot } from '../model/snapshot';
import { awsScope, awsTemplateVars } from './aws/template-vars';
import { azureScope, azureTemplateVars } from './azure/template-vars';
import { gcpScope, gcpTemplateVars } from './gcp/template-vars';

const NO_SCOPE: ScopeFlags = { known: new Set(), addScope: (c) => c };

export function templateVarsFor(vm: VmSnapshot): TemplateVars {
  switch (vm.provider) {
    case 'aws':
      return awsTemplateVars(vm);
    case 'gcp':
      return gcpTemplateVars(vm);
    case 'azure':
      return azureTemplateVars(vm);
    default:
      return { region: vm.region };
  }
}

export function scopeFor(provider: Provider): ScopeFlags {
  if (provider === 'gcp') return gcpScope;
  if (provider === 'azure') return azureScope;
  return provider === 'aws' ? awsScope : NO_SCOPE;
}
