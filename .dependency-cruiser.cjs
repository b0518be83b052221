/**
 * Import boundaries of yuqing, checked by `npm run lint` (docs/adr/0007-module-boundaries.md).
 * services/main.ts and services/start-services.ts are the composition root: the one place that
 * may import every service.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-service-to-service',
      comment: 'Services do not import each other; what two services share lives in shared/.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: ['^services/$1/'] },
    },
    {
      name: 'no-shared-to-services',
      comment: 'shared/ sits below the services: domain types, ports, adapters and utilities only.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^services/' },
    },
    {
      name: 'no-product-to-tooling',
      comment: 'The product does not import scripts, benchmarks or tests.',
      severity: 'error',
      from: { path: '^(services|shared)/' },
      to: { path: '^(scripts|bench|tests)/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles hide which module depends on which.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '/dist/', '^\\.infra/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.vue', '.json'] },
  },
};
