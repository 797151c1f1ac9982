import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_ROUTE = 'lamini:public-route';

/** Marks a route that needs no API key (health probes, docs, version). */
export const PUBLIC_ROUTE = () => SetMetadata(IS_PUBLIC_ROUTE, true);
