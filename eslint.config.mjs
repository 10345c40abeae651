// One lint configuration for every workspace: typescript-eslint's recommended rules, Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
    // Chaincode must be deterministic: wall-clock time and randomness differ between endorsing peers.
    files: ['chaincode/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'use the transaction timestamp (ctx.stub.getTxTimestamp())' },
        { object: 'Math', property: 'random', message: 'chaincode must be deterministic' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use the transaction timestamp' },
      ],
    },
  },
);
