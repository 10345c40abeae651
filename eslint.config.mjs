// One lint configuration for every workspace: typescript-eslint's recommended rules, Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Node's and the Web Crypto API's sources of randomness, banned in chaincode. */
const RANDOM_FUNCTIONS = ['randomUUID', 'randomBytes', 'getRandomValues', 'randomInt', 'randomFill', 'randomFillSync'];
const RANDOM_PATTERN = `/^(${RANDOM_FUNCTIONS.join('|')})$/`;

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.devnet/**',
      '.devnet-*/**',
      'test-artifacts/**',
      'network/fabric/.generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Bytes from outside reach google-protobuf only through the dev network's wire guard: its decoders can loop
    // for ever on a malformed length prefix.
    files: ['network/devnet/src/**/*.ts'],
    ignores: ['network/devnet/src/wire/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='deserializeBinary']",
          message: 'decode bytes with decode() from src/wire, never deserializeBinary directly',
        },
        {
          selector: "CallExpression[callee.property.name='addService']",
          message: 'register gRPC services with addGuardedService() from src/wire',
        },
      ],
    },
  },
  {
    // Chaincode must be deterministic: wall-clock time, randomness and the host's locale differ between
    // endorsing peers. Each rule names what to use instead.
    files: ['chaincode/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'use the transaction timestamp (ctx.stub.getTxTimestamp())' },
        { object: 'Math', property: 'random', message: 'chaincode must be deterministic' },
        { object: 'performance', property: 'now', message: 'use the transaction timestamp' },
        { object: 'process', property: 'hrtime', message: 'use the transaction timestamp' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Intl', message: 'locale formatting differs between peers; format explicitly' },
        { name: 'performance', message: 'use the transaction timestamp' },
      ],
      'no-restricted-imports': [
        'error',
        ...['crypto', 'node:crypto'].map((name) => ({
          name,
          importNames: [...RANDOM_FUNCTIONS],
          message: 'chaincode must be deterministic: derive values from the transaction (ID, timestamp)',
        })),
        ...['perf_hooks', 'node:perf_hooks'].map((name) => ({
          name,
          importNames: ['performance'],
          message: 'use the transaction timestamp',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use the transaction timestamp' },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Date() is the current time: use the transaction timestamp',
        },
        {
          selector: `MemberExpression[property.name=${RANDOM_PATTERN}]`,
          message: 'chaincode must be deterministic: derive values from the transaction (ID, timestamp)',
        },
        {
          selector: `CallExpression[callee.name=${RANDOM_PATTERN}]`,
          message: 'chaincode must be deterministic: derive values from the transaction (ID, timestamp)',
        },
        {
          selector:
            'MemberExpression[property.name=/^(toLocaleString|toLocaleDateString|toLocaleTimeString|localeCompare)$/]',
          message: 'locale formatting and collation differ between peers; format and compare explicitly',
        },
      ],
    },
  },
);
