// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='groupBy'][arguments.length=1]", message: 'groupBy without a duration selector keeps every group forever (style.md)' }],
    },
  },
  {
    // The pure core: plain functions over plain data. Only sibling modules and node:crypto (hashing is pure).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./|node:crypto$)', message: 'src/domain imports only src/domain and node:crypto (design.md: no Kafka, Avro, RxJS, I/O)' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain reads no environment' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'time is an input in src/domain' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time is an input in src/domain' }],
    },
  },
);
