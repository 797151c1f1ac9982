import { defineConfig } from 'prisma/config';

// Only `prisma generate` is used; the datasource URL is supplied at run time through a driver adapter.
export default defineConfig({ schema: 'prisma/schema.prisma' });
