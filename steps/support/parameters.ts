import { defineParameterType } from '@cucumber/cucumber';
import { PARAMETER_TYPES } from '../../src/scenario/parameter-types.ts';

// {errno}, {propagation}, {version} and {place}: defined once in src/scenario/parameter-types.ts.
for (const type of PARAMETER_TYPES) defineParameterType(type);
