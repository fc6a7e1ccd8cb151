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
  {
    // kafkajs lives behind src/kafka/'s narrow client interface (types.ts): swapping clients touches nothing else.
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/kafka/**', 'src/domain/**', 'src/processors/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^kafkajs$|/kafka/(kafkajs|kafkajs[A-Z][A-Za-z]*|readToEnd|follow|topicAdmin|copartitionAssigner)\\.js$', message: 'only src/kafka/ uses the Kafka client; speak to the interface in src/kafka/types.ts (design.md)' }] }],
    },
  },
  {
    // Processors see records, their context and stores: no Kafka, no registry, no serdes, no RxJS.
    files: ['src/processors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./|\\.\\./(domain/|runtime/api\\.js$|state/keyValueStore\\.js$))', message: 'a processor imports only the domain, the runtime API (src/runtime/api.ts) and the store interface' }] }],
    },
  },
);
