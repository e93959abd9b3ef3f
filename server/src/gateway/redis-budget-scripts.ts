/**
 * The shared rate budget's arithmetic, in Lua so that Redis runs each step
 * atomically: two gateway instances can never both see the last free slot.
 * It is MemoryBudgetStore's (budget.ts) rule for rule, and the same contract
 * tests (test/budget-contract.ts) hold both to it.
 *
 * KEYS: 1 starts (ZSET ticket → start ms), 2 automation starts, 3 background
 * starts, 4 slots (ZSET ticket → lease expiry ms), 5 pause (ms), 6 bucket
 * (HASH tokens, at), 7 epoch, 8 people waiting (ZSET instance → until). A ticket is `<lane>:<instance>:<id>`, so a
 * lane's slots are found among the few (≤ concurrency) held, and whose they
 * are. ARGV[1] is the budget's settings as JSON (see RedisBudgetStore), ARGV[2]
 * the time to use, empty for Redis's own clock (TIME: one clock for every
 * instance, whatever theirs say; tests pass theirs), ARGV[3] the epoch the
 * caller knows, then the command's own arguments.
 *
 * The epoch names the state's life: a Redis restarted empty, flushed or
 * failed over has none, or another, and every script but RESEED then answers
 * {'reseed'}: the instances put back their own recent starts and held slots
 * before anyone is admitted on a budget that forgot them.
 */
const common = `
local S = cjson.decode(ARGV[1])
local now = tonumber(ARGV[2])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local INF = math.huge

local function laneKey(lane)
  if lane == 'automation' then return KEYS[2] end
  if lane == 'background' then return KEYS[3] end
  return nil
end

local function share(lane)
  if lane == 'interactive' then return 1 end
  return S.shares[lane]
end

-- Starts older than the longest window count nowhere any more; leases past
-- their expiry belonged to an instance that died holding them.
local function forget()
  local cutoff = now - S.longestSpan
  for i = 1, 3 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', cutoff) end
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
end

local function counted(key, span)
  return redis.call('ZCOUNT', key, '(' .. (now - span), '+inf')
end

-- When one more start fits under cap: the start at position count - cap
-- (oldest first) has to leave the window, which it does at exactly at + span.
local function freeAt(key, cap, span)
  local count = counted(key, span)
  if count < cap then return 0 end
  if cap <= 0 then return INF end
  local leaving = redis.call('ZRANGEBYSCORE', key, '(' .. (now - span), '+inf', 'WITHSCORES', 'LIMIT', count - cap, 1)
  return tonumber(leaving[2]) + span
end

local function headroom(allowed)
  local cap = math.floor(allowed * S.shares.automation)
  return math.max(0, math.min(cap, allowed - cap))
end

local function bucketLevel()
  if not S.pacer then return 0 end
  local state = redis.call('HMGET', KEYS[6], 'tokens', 'at')
  local tokens = tonumber(state[1]) or S.pacer.capacity
  local at = tonumber(state[2])
  if at and now > at then tokens = math.min(S.pacer.capacity, tokens + (now - at) * S.pacer.perMs) end
  if at and at > now then return tokens, at end
  return tokens, now
end

local function setBucket(tokens, at)
  redis.call('HSET', KEYS[6], 'tokens', tostring(tokens), 'at', tostring(at))
end

local function nextStart(lane)
  local retryAt = math.max(now, tonumber(redis.call('GET', KEYS[5]) or '0'))
  local laneShare = share(lane)
  for _, window in ipairs(S.windows) do
    retryAt = math.max(retryAt, freeAt(KEYS[1], window.allowed, window.span))
    if lane ~= 'interactive' then
      local cap = 0
      if laneShare > 0 then cap = math.max(1, math.floor(window.allowed * laneShare)) end
      retryAt = math.max(retryAt, freeAt(laneKey(lane), cap, window.span))
    end
    if lane == 'automation' then
      retryAt = math.max(retryAt, freeAt(KEYS[1], window.allowed - headroom(window.allowed), window.span))
    end
  end
  if S.pacer then
    local tokens = bucketLevel()
    local needed = S.pacer.capacity * (1 - laneShare) + 1
    if tokens < needed then
      retryAt = math.max(retryAt, now + math.ceil((needed - tokens) / S.pacer.perMs))
    end
  end
  return retryAt
end

local function encode(value)
  if value == INF then return 'inf' end
  return tostring(value)
end

local function stale()
  local epoch = redis.call('GET', KEYS[7])
  return (not epoch) or epoch ~= ARGV[3]
end
`;

/**
 * ARGV[4] lane, ARGV[5] ticket, ARGV[6] lease (ms), ARGV[7] the caller's
 * instance → {1, ticket, now}, {0, retryAt, now}, or, when every slot is
 * taken, {0, 'inf', now, the earliest lease's end}.
 *
 * Each instance orders its own queue (people, then agents, then background),
 * but a slot freed on one instance is seen there first. So a person refused
 * on any instance is written down (KEYS[8], for two seconds, refreshed at
 * each try), and while one waits somewhere, agents and background work
 * anywhere are refused what they could otherwise take: people first, across
 * the whole team.
 */
export const ACQUIRE = `${common}
if stale() then return {'reseed'} end
local lane, ticket, lease, instance = ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
forget()
redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', now)
local function refused(retryAt)
  if lane == 'interactive' then redis.call('ZADD', KEYS[8], now + 2000, instance) end
  return {0, encode(retryAt), tostring(now)}
end
-- Full of slots: also when the first lease lapses, for the instance to look
-- again then, should its holder have died (it announces no release).
local function full()
  local answer = refused(INF)
  local soonest = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  answer[4] = soonest[2] or ''
  return answer
end
local retryAt = nextStart(lane)
if retryAt > now then return refused(retryAt) end
local held = redis.call('ZRANGE', KEYS[4], 0, -1)
if #held >= S.concurrent then return full() end
if lane ~= 'interactive' then
  local mine = 0
  for _, member in ipairs(held) do
    if string.sub(member, 1, #lane + 1) == lane .. ':' then mine = mine + 1 end
  end
  if mine >= math.max(1, math.floor(S.concurrent * share(lane))) then return full() end
  -- A person waits for this room on another instance: it is theirs.
  if redis.call('ZCARD', KEYS[8]) > 0 then return refused(now + 250) end
else
  redis.call('ZREM', KEYS[8], instance)
end
if S.pacer then
  local tokens, at = bucketLevel()
  setBucket(tokens - 1, at)
end
redis.call('ZADD', KEYS[1], now, ticket)
if lane ~= 'interactive' then redis.call('ZADD', laneKey(lane), now, ticket) end
redis.call('ZADD', KEYS[4], now + lease, ticket)
return {1, ticket, tostring(now)}
`;

/** ARGV[4] lane → {the earliest start as far as windows, pacing and pause say, now}. */
export const NEXT_START = `${common}
if stale() then return {'reseed'} end
forget()
return {encode(nextStart(ARGV[4])), tostring(now)}
`;

/**
 * ARGV[4] lane, ARGV[5] ticket, ARGV[6] '1' when sent. A request never sent
 * counts nowhere and its token comes back, once: only if its start was still
 * there. Run whatever the epoch: a release only ever frees room.
 */
export const RELEASE = `${common}
local lane, ticket = ARGV[4], ARGV[5]
redis.call('ZREM', KEYS[4], ticket)
if ARGV[6] == '1' then return 0 end
local removed = redis.call('ZREM', KEYS[1], ticket)
local key = laneKey(lane)
if key then redis.call('ZREM', key, ticket) end
if removed == 1 and S.pacer then
  local tokens, at = bucketLevel()
  setBucket(math.min(S.pacer.capacity, tokens + 1), at)
end
return 0
`;

/**
 * ARGV[4] how long from now (ms): a shorter pause never cuts a longer one.
 * Run whatever the epoch: a pause is never too much caution.
 */
export const PAUSE = `${common}
local pauseEnds = now + tonumber(ARGV[4])
if pauseEnds > tonumber(redis.call('GET', KEYS[5]) or '0') then redis.call('SET', KEYS[5], tostring(pauseEnds)) end
return 0
`;

/**
 * ARGV[4] lease (ms), ARGV[5…] the tickets this instance holds: their leases
 * are extended, and put back if one lapsed while its request still runs (a
 * stall longer than the lease): Missive still counts it.
 */
export const RENEW = `${common}
if stale() then return {'reseed'} end
local expiry = now + tonumber(ARGV[4])
for i = 5, #ARGV do redis.call('ZADD', KEYS[4], expiry, ARGV[i]) end
return 0
`;

/**
 * The state was lost (or this instance has not seen this epoch): ARGV[4] a
 * new epoch, used if there is none; ARGV[5] '1' when the caller knew an
 * earlier one; ARGV[6] lease (ms); ARGV[7] how many starts follow, as
 * ticket, start time, lane; then the tickets it holds. Returns the epoch now
 * in force.
 *
 * When the state was lost, nobody starts for half a lease, the time every
 * instance's renewal takes to notice and put back its own starts and slots
 * (a third of a lease apart), and the bucket, whose level nobody kept,
 * starts empty rather than full.
 */
export const RESEED = `${common}
local epoch = redis.call('GET', KEYS[7])
if not epoch then
  epoch = ARGV[4]
  redis.call('SET', KEYS[7], epoch)
  if ARGV[5] == '1' then
    local settling = now + math.ceil(tonumber(ARGV[6]) / 2)
    if settling > tonumber(redis.call('GET', KEYS[5]) or '0') then redis.call('SET', KEYS[5], tostring(settling)) end
    if S.pacer then setBucket(0, now) end
  end
end
local count = tonumber(ARGV[7])
for i = 0, count - 1 do
  local ticket, at, lane = ARGV[8 + i * 3], tonumber(ARGV[9 + i * 3]), ARGV[10 + i * 3]
  redis.call('ZADD', KEYS[1], 'NX', at, ticket)
  local key = laneKey(lane)
  if key then redis.call('ZADD', key, 'NX', at, ticket) end
end
local expiry = now + tonumber(ARGV[6])
for i = 8 + count * 3, #ARGV do redis.call('ZADD', KEYS[4], expiry, ARGV[i]) end
return epoch
`;

/** → JSON: the windows' use, slots held, pause, bucket, the earliest lease expiry, and now. */
export const SNAPSHOT = `${common}
if stale() then return {'reseed'} end
forget()
local windows = {}
for i, window in ipairs(S.windows) do
  local first = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - window.span), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  local freesAt = cjson.null
  if first[2] then freesAt = tonumber(first[2]) + window.span end
  windows[i] = {
    used = counted(KEYS[1], window.span),
    usedByAutomation = counted(KEYS[2], window.span),
    usedByBackground = counted(KEYS[3], window.span),
    freesAt = freesAt,
  }
end
local pause = tonumber(redis.call('GET', KEYS[5]) or '0')
if pause <= now then pause = 0 end
local tokens = cjson.null
if S.pacer then tokens = bucketLevel() end
local soonest = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
local leaseEnds = cjson.null
if soonest[2] then leaseEnds = tonumber(soonest[2]) end
return cjson.encode({
  windows = windows,
  inFlight = redis.call('ZCARD', KEYS[4]),
  pausedUntil = pause,
  tokens = tokens,
  leaseEnds = leaseEnds,
  now = now,
})
`;
