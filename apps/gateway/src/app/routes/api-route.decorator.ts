import { Controller, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiSecurity, ApiTags } from '@nestjs/swagger';

/** A controller of spec operations: every one takes the API key in the Authorization header. */
export const ApiRoutes = (tag: string) =>
  applyDecorators(
    Controller(),
    ApiTags(tag),
    ApiSecurity('APIKeyAuth'),
    ApiHeader({ name: 'Authorization', required: true, description: 'Bearer <API key>' }),
  );
