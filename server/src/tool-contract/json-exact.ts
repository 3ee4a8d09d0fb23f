// Shared with the browser, which reads run results with the same exact integers; the server's code imports it here.
export * from '@skriptoteket/contracts/json-exact';
