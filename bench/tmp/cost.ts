import { demoTools, seedCatalog } from '../../server/src/catalog/catalog-seed';
import { signIn, startBenchServer } from '../support';

async function main() {
  const server = await startBenchServer('cost', 0);
  const { base, database, runtime } = server;
  const owner = await runtime.services.users.createUser({ email: 'c@skola.se', role: 'user', password: 'bench-lösenord-1' });
  await seedCatalog(database.db, owner.id, demoTools(Number(process.argv[2] ?? 2000)));
  const { cookie } = await signIn(base, 'c@skola.se', 'bench-lösenord-1');
  await new Promise((r) => setTimeout(r, 3000));
  const time = async (label: string, fn: () => Promise<unknown>, n = 1000) => {
    for (let i = 0; i < 50; i++) await fn();
    const cpu = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    const wall = (performance.now() - t) / n;
    const c = process.cpuUsage(cpu);
    console.log(`${label.padEnd(30)} wall ${(wall * 1000).toFixed(0)} µs  cpu ${((c.user + c.system) / n).toFixed(0)} µs`);
  };
  const user = (await runtime.services.auth.authenticate(cookie.split('sk_session=')[1]!.split(';')[0]!))!;
  const actor = { id: user.user.id, role: user.user.role } as never;
  await time('healthz http', () => fetch(`${base}/healthz`).then((r) => r.text()));
  await time('catalog http', () => fetch(`${base}/api/v1/catalog/tools`, { headers: { cookie } }).then((r) => r.text()));
  await time('catalog q http', () => fetch(`${base}/api/v1/catalog/tools?q=grupp`, { headers: { cookie } }).then((r) => r.text()));
  for (const q of ['skoladministrator', 'grupgenerator', 'sam&professions=larare,rektor&categories=administration', 'sammanst%C3%A4llning'])
    await time('catalog ' + q.slice(0, 20), () => fetch(`${base}/api/v1/catalog/tools?q=${q}`, { headers: { cookie } }).then((r) => r.text()));
  await time('healthz http', () => fetch(`${base}/healthz`).then((r) => r.text()));
  await time('taxonomy http', () => fetch(`${base}/api/v1/catalog/taxonomy`, { headers: { cookie } }).then((r) => r.text()));
  await time('authenticate', () => runtime.services.auth.authenticate(cookie.split('sk_session=')[1]!.split(';')[0]!));
  await time('service.search', () => runtime.services.catalog.search(actor, { professions: [], categories: [], isFavoritesOnly: false, limit: 24 }));
  await time('index.find', () => runtime.catalogIndex.find({ professions: [], categories: [] }));
  await server.close();
}
void main();
