import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LAMINI_SPEC, SERVED_SPEC, listSpecOperations } from '@lamini/contracts';
import { PUBLIC_ROUTE } from '@lamini/runtime';
import { SpecOperation } from '../validation/spec-operation.decorator';

const VERSIONED_PATH = /^\/(?:v\d+\w*|alpha)\/([^/{]+)/;

/** `GET /v1/version`: the SDK's APIVersion reads `server`, `client` and the `api` list of features. */
@ApiTags('meta')
@Controller()
export class VersionController {
  private readonly api = listSpecOperations(SERVED_SPEC).flatMap(({ path }) => {
    const name = VERSIONED_PATH.exec(path)?.[1];
    return name ? [{ name, path }] : [];
  });

  @Get('v1/version')
  @PUBLIC_ROUTE()
  @SpecOperation('version_v1_version_get')
  version() {
    return { server: LAMINI_SPEC.info.version, client: LAMINI_SPEC.info.version, api: this.api };
  }
}
