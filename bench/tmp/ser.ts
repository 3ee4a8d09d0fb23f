import { catalogPageSchema } from '@skriptoteket/contracts';
import { serializerCompiler } from 'fastify-type-provider-zod';
const card = (i: number) => ({ id: '00000000-0000-4000-8000-' + String(i).padStart(12, '0'), slug: 'gruppgenerator-for-ak-1-3-' + i, title: 'Gruppgenerator för åk 1–3 ' + i, summary: 'Skapar ett färdigt dokument från en klasslista på några sekunder.', professions: ['larare', 'gemensamt'], categories: ['administration'], isFavorite: false });
const page = { items: Array.from({ length: 24 }, (_, i) => card(i)), total: 10000, nextCursor: 'MjQ', facets: { professions: [{ slug: 'a', count: 1 }, { slug: 'b', count: 2 }, { slug: 'c', count: 2 }, { slug: 'd', count: 2 }, { slug: 'e', count: 2 }], categories: [{ slug: 'x', count: 3 }, { slug: 'y', count: 3 }, { slug: 'z', count: 3 }, { slug: 'w', count: 3 }] } };
const ser = serializerCompiler({ schema: catalogPageSchema, method: 'GET', url: '/', httpStatus: '200' } as never);
const time = (label: string, fn: () => unknown, n = 20000) => { for (let i = 0; i < 1000; i++) fn(); const c = process.cpuUsage(); for (let i = 0; i < n; i++) fn(); const u = process.cpuUsage(c); console.log(label, ((u.user + u.system) / n).toFixed(1), 'µs'); };
time('zod serializer', () => ser(page));
time('JSON.stringify', () => JSON.stringify(page));
