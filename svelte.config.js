/**
 * Svelte's options for vite-plugin-svelte and svelte-check: the defaults
 * (TypeScript in <script lang="ts"> needs no preprocessor in Svelte 5). The
 * file exists so that neither tool warns that it found no config.
 */
export default {};
