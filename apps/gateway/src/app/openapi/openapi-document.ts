import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { LAMINI_DTO_CLASSES, LAMINI_ENUM_SCHEMAS, LAMINI_SPEC, SERVED_SPEC, SPEC_AMENDMENTS } from '@lamini/contracts';

/** The OpenAPI document generated from the gateway's routes and the contracts' DTO classes. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(LAMINI_SPEC.info.title)
    .setDescription('Self-hosted platform speaking the Lamini API')
    .setVersion(LAMINI_SPEC.info.version)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'Bearer <API key>' }, 'APIKeyAuth')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: LAMINI_DTO_CLASSES });
  document.components ??= {};
  document.components.schemas = {
    ...LAMINI_ENUM_SCHEMAS,
    ...SPEC_AMENDMENTS.missingSchemas,
    ...document.components.schemas,
  } as NonNullable<OpenAPIObject["components"]>["schemas"];
  addSchemaAmendments(document);
  addTrailingSlashTwins(document);
  return document;
}

type DocumentedSchema = { properties?: Record<string, object & { pattern?: string }> } | undefined;

/** The amendments the validator applies to the DTOs' schemas, documented where clients read them. */
function addSchemaAmendments(document: OpenAPIObject) {
  const schemas = document.components?.schemas ?? {};
  const { schema, property, pattern } = SPEC_AMENDMENTS.hubModelId;
  const field = (schemas[schema] as DocumentedSchema)?.properties?.[property];
  if (field) field.pattern = pattern;
  const trainPayload = schemas[SPEC_AMENDMENTS.trainType.schema] as DocumentedSchema;
  if (trainPayload?.properties) trainPayload.properties[SPEC_AMENDMENTS.trainType.property] = SPEC_AMENDMENTS.trainType.definition;
}

/**
 * The spec lists some paths twice, with and without a trailing slash. express serves both from
 * one route, so Nest documents only one; list the other too, under the spec's operationId.
 */
function addTrailingSlashTwins(document: OpenAPIObject) {
  for (const [path, item] of Object.entries(SERVED_SPEC.paths)) {
    if (!path.endsWith('/') || document.paths[path]) continue;
    const twin = document.paths[path.slice(0, -1)];
    if (!twin) continue;
    document.paths[path] = Object.fromEntries(
      Object.entries(item).flatMap(([method, operation]) => {
        const documented = twin[method as keyof typeof twin];
        return documented ? [[method, { ...(documented as object), operationId: operation.operationId }]] : [];
      }),
    );
  }
}

export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
}
