/** `@scenechain/e-invoices`: the descriptor and pure helpers; loads no contract API (the peer loads `./chaincode`). */
export { checkAmounts, lineTax, taxRates } from './amounts';
export { authorities } from './machines';
export { invoiceIdOf, invoiceKinds, invoiceStatuses, invoiceTypes } from './records';
export { scenario } from './scenario';
