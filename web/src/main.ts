import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import './ui/tokens.css';
import './ui/base.css';

const app = createApp(App);
app.use(createPinia());
app.use(createAppI18n());
const router = createAppRouter();
app.use(router);

// Wait for the first route (and with it the session check) so the header does not flash "signed out".
void router.isReady().then(() => app.mount('#app'));
