import { compileJourney } from '../../lib/flows/compile';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey';
import { DEFAULT_REFERENTIAL, journeyDeflectionPlan } from '../../lib/omnichannel';
import { simResources } from '../../tools/simulator/flows';

describe('IVR deflection plan from the omnichannel decision function', () => {
  const plan = journeyDeflectionPlan(DEFAULT_JOURNEY_MAP);

  it('texts a self-service link for self-service intents and offers a callback to callers who need an adviser', () => {
    expect(Object.fromEntries(DEFAULT_JOURNEY_MAP.intents.map((i) => [i.id, plan(i.id)]))).toEqual({
      balance: 'sms-link',
      orderStatus: 'sms-link',
      passwordReset: 'sms-link',
      adviser: 'callback',
    });
  });

  it('follows the referential: without self-service or SMS solutions an intent is not texted a link', () => {
    const noLinks = {
      ...DEFAULT_REFERENTIAL,
      intents: Object.fromEntries(
        Object.entries(DEFAULT_REFERENTIAL.intents).map(([id, channels]) => [
          id,
          {
            ...channels,
            solutions: channels.solutions.filter(
              (s) => s.channel !== 'self-service' && s.channel !== 'sms-link',
            ),
          },
        ]),
      ),
    };
    const strict = journeyDeflectionPlan(DEFAULT_JOURNEY_MAP, noLinks);
    for (const intent of DEFAULT_JOURNEY_MAP.intents) expect(strict(intent.id)).not.toBe('sms-link');
  });

  it('is compiled into the inbound flow: DEFLECT callers of the adviser intent reach the callback offer', () => {
    const inbound = compileJourney(DEFAULT_JOURNEY_MAP, simResources()).find((f) => f.name === 'inbound')!;
    const offer = inbound.content.Actions.find((a) => a.Identifier === 'deflect-offer')!;
    const conditions = offer.Transitions.Conditions ?? [];
    expect(conditions).toContainEqual({
      NextAction: 'callback-offer',
      Condition: { Operator: 'Equals', Operands: ['adviser'] },
    });
    expect(
      conditions.filter((c) => c.NextAction === 'deflect-ask').map((c) => c.Condition.Operands[0]),
    ).toEqual(['balance', 'orderStatus', 'passwordReset']);
  });
});
