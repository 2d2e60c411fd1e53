import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { EARLIEST_DATE_TIME } from '../../graphql/input-policy';
import { badUserInput } from '../../lib/errors';
import { countLeadsBy, dailyCounts } from './stats.repository';
import { Stats, StatsArgs } from './stats.types';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

@Resolver(() => Stats)
export class StatsResolver {
  @Authorized('conversations:read', 'leads:read')
  @Query(() => Stats, { description: `Counts over a date range of at most ${MAX_DAYS} days` })
  async stats(@Args() args: StatsArgs, @Ctx() ctx: RequestContext): Promise<Stats> {
    const to = args.to ?? new Date();
    // Never before the earliest date an input may name (PostgreSQL has no year 0).
    const from = args.from ?? new Date(Math.max(to.getTime() - 30 * DAY_MS, EARLIEST_DATE_TIME));
    if (from >= to) throw badUserInput('from', 'must be before to');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw badUserInput('from', `the range may span at most ${MAX_DAYS} days`);
    const { tx } = requireTenant(ctx);
    const daily = await dailyCounts(tx, from, to);
    const leadsByStatus = (await countLeadsBy(tx, 'status', from, to)).map(({ key, count }) => ({ status: key, count }));
    const leadsByIntent = (await countLeadsBy(tx, 'intent', from, to)).map(({ key, count }) => ({ intent: key, count }));
    const sum = (key: 'conversations' | 'messages' | 'leads') => daily.reduce((total, day) => total + day[key], 0);
    return { from, to, conversations: sum('conversations'), messages: sum('messages'), leads: sum('leads'), leadsByStatus, leadsByIntent, daily };
  }
}
