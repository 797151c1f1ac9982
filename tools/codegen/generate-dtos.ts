import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDtoSource } from '../../libs/contracts/codegen/dto-source';
import { LAMINI_SPEC } from '../../libs/contracts/src/spec/lamini-spec';

const target = join(__dirname, '../../libs/contracts/src/dto/lamini-dtos.ts');
writeFileSync(target, renderDtoSource(LAMINI_SPEC));
console.log(`wrote ${target}`);
