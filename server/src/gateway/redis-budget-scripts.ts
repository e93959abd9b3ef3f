/**
 * The shared rate budget's arithmetic, in Lua so that Redis runs each step
 * atomically: two gateway instances can never both see the last free slot.
 * It is MemoryBudgetStore's (budget.ts) rule for rule, and the same contract
 * tests (test/budget-contract.ts) hold both to it.
 *
 * KEYS: 1 starts (ZSET ticket → start ms), 2 automation starts, 3 background
 * starts, 4 slots (ZSET ticket → lease expiry ms), 5 pause (ms), 6 bucket
 * (HASH tokens, at). A ticket is `<lane>:<id>`, so a lane's slots are found
 * among the few (≤ concurrency) held. ARGV[1] is the budget's settings as
 * JSON (see RedisBudgetStore.settings), ARGV[2] the caller's clock, then the
 * command's own arguments. Times are the callers' clocks (NTP-synchronised
 * instances): the windows' margins absorb what they disagree by.
 */
const common = `
local S = cjson.decode(ARGV[1])
local now = tonumber(ARGV[2])
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
`;

/** ARGV[3] lane, ARGV[4] ticket, ARGV[5] lease (ms) → {1, ticket} or {0, retryAt}. */
export const ACQUIRE = `${common}
local lane, ticket, lease = ARGV[3], ARGV[4], tonumber(ARGV[5])
forget()
local retryAt = nextStart(lane)
if retryAt > now then return {0, encode(retryAt)} end
local held = redis.call('ZRANGE', KEYS[4], 0, -1)
if #held >= S.concurrent then return {0, 'inf'} end
if lane ~= 'interactive' then
  local mine = 0
  for _, member in ipairs(held) do
    if string.sub(member, 1, #lane + 1) == lane .. ':' then mine = mine + 1 end
  end
  if mine >= math.max(1, math.floor(S.concurrent * share(lane))) then return {0, 'inf'} end
end
if S.pacer then
  local tokens, at = bucketLevel()
  setBucket(tokens - 1, at)
end
redis.call('ZADD', KEYS[1], now, ticket)
if lane ~= 'interactive' then redis.call('ZADD', laneKey(lane), now, ticket) end
redis.call('ZADD', KEYS[4], now + lease, ticket)
return {1, ticket}
`;

/** ARGV[3] lane → the earliest start as far as windows, pacing and pause say. */
export const NEXT_START = `${common}
forget()
return encode(nextStart(ARGV[3]))
`;

/**
 * ARGV[3] lane, ARGV[4] ticket, ARGV[5] '1' when sent. A request never sent
 * counts nowhere and its token comes back, once: only if its start was still there.
 */
export const RELEASE = `${common}
local lane, ticket = ARGV[3], ARGV[4]
redis.call('ZREM', KEYS[4], ticket)
if ARGV[5] == '1' then return 0 end
local removed = redis.call('ZREM', KEYS[1], ticket)
local key = laneKey(lane)
if key then redis.call('ZREM', key, ticket) end
if removed == 1 and S.pacer then
  local tokens, at = bucketLevel()
  setBucket(math.min(S.pacer.capacity, tokens + 1), at)
end
return 0
`;

/** ARGV[3] until (ms): a shorter pause never cuts a longer one. */
export const PAUSE = `${common}
local pauseEnds = tonumber(ARGV[3])
if pauseEnds > tonumber(redis.call('GET', KEYS[5]) or '0') then redis.call('SET', KEYS[5], ARGV[3]) end
return 0
`;

/** ARGV[3] lease (ms), ARGV[4…] the tickets this instance holds: their leases are extended. */
export const RENEW = `${common}
local expiry = now + tonumber(ARGV[3])
for i = 4, #ARGV do redis.call('ZADD', KEYS[4], 'XX', expiry, ARGV[i]) end
return 0
`;

/** → JSON: the windows' use, slots held, pause, bucket, and the earliest lease expiry. */
export const SNAPSHOT = `${common}
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
})
`;
