import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n';
import { STARTER_TEMPLATE } from './starter-template';

describe('the starter template', () => {
  it('tells the teacher to press the run button by the name the tool page gives it', () => {
    const button = messages.sv.runPage.form.run;
    expect(STARTER_TEMPLATE.usageInstructions).toContain(`Klicka på **${button}**.`);
  });
});
