import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import spec from '../../libs/contracts/src/spec/lamini-openapi.json';
import { renderDtoSource } from '../../libs/contracts/codegen/dto-source';

const target = join(__dirname, '../../libs/contracts/src/dto/lamini-dtos.ts');
writeFileSync(target, renderDtoSource(spec));
console.log(`wrote ${target}`);
