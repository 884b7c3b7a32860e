using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using HyperFlow.Runtime.Threading;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// Runs one measured run's producers and consumers on dedicated threads (not pool threads, which
/// would be shared with the runtime and never pinned), pinned to distinct CPUs when asked and the
/// process has enough of them, and released together through a start gate so that no side starts
/// before the other is on its CPU.
/// </summary>
/// <remarks>
/// Bodies call <see cref="Pause"/> whenever their ring or channel is full or empty. It is also where a
/// failure of one worker stops the others: without it a consumer whose producer threw would spin for
/// ever, and the harness would hang instead of reporting the error.
/// </remarks>
internal sealed class Workers
{
    private static readonly Lazy<IReadOnlyList<int>> s_cpus = new(CpuAffinity.AllowedCpus);
    private static readonly ConcurrentDictionary<string, bool> s_warned = new(StringComparer.Ordinal);

    private readonly WaitMode _waitMode;
    private Exception? _failure;
    private int _ready;

    private Workers(WaitMode waitMode) => _waitMode = waitMode;

    /// <summary>The CPUs threads are pinned to, in order, when pinning applies.</summary>
    public static IReadOnlyList<int> Cpus => s_cpus.Value;

    /// <summary>Runs each body on its own thread and returns their results in order.</summary>
    /// <param name="pin">Pin thread k to the k-th allowed CPU; ignored (with a warning) when there are fewer CPUs than bodies.</param>
    /// <param name="waitMode">What <see cref="Pause"/> does.</param>
    /// <param name="bodies">The workers; each gets this group for <see cref="Pause"/>.</param>
    /// <returns>Each body's result (a checksum part).</returns>
    public static long[] Run(bool pin, WaitMode waitMode, params Func<Workers, long>[] bodies)
    {
        var group = new Workers(waitMode);
        IReadOnlyList<int> cpus = Cpus;
        if (pin && cpus.Count < bodies.Length)
        {
            WarnOnce($"{bodies.Length} worker threads but only {cpus.Count} allowed CPU(s); ring cases run unpinned, so figures depend on the scheduler.");
            pin = false;
        }

        var results = new long[bodies.Length];
        var threads = new Thread[bodies.Length];
        for (int k = 0; k < bodies.Length; k++)
        {
            int index = k;
            int cpu = pin ? cpus[k] : -1;
            threads[k] = new Thread(() => results[index] = group.RunOne(bodies[index], cpu, bodies.Length))
            {
                IsBackground = true,
                Name = $"perf-worker-{k}",
            };
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        if (Volatile.Read(ref group._failure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return results;
    }

    /// <summary>Waits a moment because the ring or channel is full or empty; throws when another worker failed.</summary>
    /// <exception cref="OperationCanceledException">Another worker of this run threw.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)] // The wait path: keep it out of the callers' hot loops.
    public void Pause()
    {
        if (Volatile.Read(ref _failure) is not null)
        {
            throw new OperationCanceledException("Another worker of this run failed; stopping this one.");
        }

        if (_waitMode == WaitMode.Yield)
        {
            Thread.Yield();
        }
        else
        {
            Thread.SpinWait(1);
        }
    }

    private long RunOne(Func<Workers, long> body, int cpu, int count)
    {
        try
        {
            if (cpu >= 0 && !CpuAffinity.TryPinCurrentThread(cpu, out string? error))
            {
                WarnOnce(error!);
            }

            Interlocked.Increment(ref _ready);
            var gate = default(SpinWait);
            while (Volatile.Read(ref _ready) < count)
            {
                gate.SpinOnce();
            }

            return body(this);
        }
        catch (Exception e)
        {
            // The first failure is the cause; later ones are the OperationCanceledExceptions it triggers.
            Interlocked.CompareExchange(ref _failure, e, null);
            return 0;
        }
    }

    private static void WarnOnce(string message)
    {
        // Once per distinct message: every measured run would repeat it otherwise.
        if (s_warned.TryAdd(message, true))
        {
            Console.Error.WriteLine($"warning: {message}");
        }
    }
}
