// Lint: typescript-eslint's strict, type-checked rules, with the few adjustments a NestJS code
// base needs (decorated classes that are only metadata, numbers in template strings).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.whisper/**', 'data/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Nest modules are classes made only of decorators.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // Sizes, counts and durations in messages.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // DTO classes describe JSON shapes (for OpenAPI and validation); mappers build them as literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // noUncheckedIndexedAccess is on: `xs[i]!` marks an index the code has just bounds-checked,
      // which TypeScript cannot follow. Other non-null assertions are avoided by hand.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Decorated DTO properties need their type written out: decorator metadata (OpenAPI,
      // validation) reads it, and compilers do not infer it from the initializer.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
    },
  },
  {
    // The web app: React's hook rules; contracts are imported for their types only (their DTO
    // classes carry server-side decorators that must stay out of the browser bundle).
    files: ['apps/web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // Contracts type JSON with DTO classes; the objects the page spreads are plain JSON.
      '@typescript-eslint/no-misused-spread': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@app/contracts', allowTypeImports: true, message: 'import types only; values from @app/contracts/<file>' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'apps/web/e2e/**/*.ts'],
    languageOptions: { globals: globals.jest },
    rules: {
      // End-to-end tests read JSON off the wire and check it with expect(): the contract under
      // test is the wire's, so response bodies stay untyped rather than cast to what they should be.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
