using System.Runtime.ExceptionServices;
using HyperFlow.Runtime.Threading;

namespace HyperFlow.PerfHarness;

/// <summary>
/// Runs a single-thread peer on a thread pinned to the CPU a one-slot HyperFlow job pins its slot to (the
/// first CPU the process may use), so that both sides of a single-thread case run on the same CPU and meet
/// the same neighbours: an unpinned peer moves to whichever CPU is idle while the pinned slot cannot, so a
/// busy CPU 0 would lower the ratio without the engine getting slower.
/// </summary>
internal static class SlotCpuPeer
{
    /// <summary>Wraps <paramref name="peer"/> to run on its own thread, pinned to the slot's CPU.</summary>
    public static Func<long, long> Of(Func<long, long> peer) => events =>
    {
        long result = 0;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            // Unpinned when pinning is not possible (not Linux): then neither side is pinned either.
            _ = CpuAffinity.TryPinCurrentThread(CpuAffinity.AllowedCpus()[0], out _);
            try
            {
                result = peer(events);
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            Name = "hyperflow-bench-peer",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    };
}
