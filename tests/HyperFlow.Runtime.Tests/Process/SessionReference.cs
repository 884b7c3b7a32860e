namespace HyperFlow.Runtime.Tests.Process;

/// <summary>What <see cref="SessionJob"/> must output for a list of payments, computed the obvious way: per account, in timestamp order.</summary>
internal static class SessionReference
{
    /// <summary>Each session with the time it closes (its last payment's time plus the gap), which is its output timestamp.</summary>
    public static List<(Session Value, long Timestamp)> Sessions(IEnumerable<Payment> payments)
    {
        var sessions = new List<(Session, long)>();
        foreach (IGrouping<long, Payment> account in payments.Where(p => p.Amount > 0).GroupBy(p => p.Account))
        {
            Session? open = null;
            foreach (IGrouping<long, Payment> sameTime in account.GroupBy(p => p.TimeMs).OrderBy(g => g.Key))
            {
                long time = sameTime.Key;
                if (open is { } s && time >= s.Last + Process.Sessions.GapMs)
                {
                    sessions.Add((s, s.Last + Process.Sessions.GapMs));
                    open = null;
                }

                long sum = sameTime.Sum(p => p.Amount);
                long count = sameTime.Count();
                open = open is { } o
                    ? o with { Sum = o.Sum + sum, Count = o.Count + count, Last = time }
                    : new Session(account.Key, sum, count, time, time);
            }

            if (open is { } last)
            {
                sessions.Add((last, last.Last + Process.Sessions.GapMs));
            }
        }

        return Canonical(sessions);
    }

    /// <summary>The alerts: one per large accepted payment, with the payment's timestamp.</summary>
    public static List<(Alert Value, long Timestamp)> Alerts(IEnumerable<Payment> payments)
        => Canonical(payments.Where(p => p.Amount >= Process.Sessions.LargeAmount).Select(p => (new Alert(p.Account, p.Amount), p.TimeMs)));

    /// <summary>Records in one order, whatever order they arrived in (records of different subtasks interleave).</summary>
    public static List<(T Value, long Timestamp)> Canonical<T>(IEnumerable<(T Value, long Timestamp)> records)
        => [.. records.OrderBy(r => r.Value!.ToString(), StringComparer.Ordinal).ThenBy(r => r.Timestamp)];

    /// <summary>The rejected payments per account, with their timestamps.</summary>
    public static List<(long Account, long Timestamp)> Rejected(IEnumerable<Payment> payments)
        => [.. payments.Where(p => p.Amount <= 0).Select(p => (p.Account, p.TimeMs)).Order()];
}
