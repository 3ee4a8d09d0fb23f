// For tools that read .ts files without Vue's language service (typed ESLint); vue-tsc resolves the real files.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
