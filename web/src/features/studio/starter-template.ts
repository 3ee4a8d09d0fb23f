/** The starter lives with the contracts, so the server's sandbox test runs exactly what the studio offers. */
export { STARTER_TEMPLATE } from '@skriptoteket/contracts/starter-template';
