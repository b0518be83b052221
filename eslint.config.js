import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.infra/', 'bench/results/', 'test-results/', 'services/responder/console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // The console's browser code; its .vue files are checked by vue-tsc (npm run typecheck:console).
  {
    files: ['services/responder/console/src/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
);
