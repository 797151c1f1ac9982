import { Controller, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';

/** A controller of spec operations: every one takes the API key in the Authorization header. */
export const ApiRoutes = (tag: string) =>
  applyDecorators(Controller(), ApiTags(tag), ApiHeader({ name: 'Authorization', required: true }));
