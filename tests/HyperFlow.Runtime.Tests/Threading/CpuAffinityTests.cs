using System.Globalization;
using CsCheck;
using HyperFlow.Runtime.Threading;

namespace HyperFlow.Runtime.Tests.Threading;

public class CpuAffinityTests
{
    private const string NotLinuxError = "CPU pinning is only supported on Linux; the thread runs unpinned";

    // Generous: a join only waits this long if the pinned thread hangs, never on a passing run.
    private static readonly TimeSpan s_joinTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void AllowedCpus_Always_IsNonEmptyDistinctAscendingAndNonNegative()
    {
        var cpus = CpuAffinity.AllowedCpus();

        Assert.NotEmpty(cpus);
        Assert.All(cpus, cpu => Assert.True(cpu >= 0, $"negative CPU {cpu}"));
        for (var i = 1; i < cpus.Count; i++)
        {
            Assert.True(cpus[i - 1] < cpus[i], $"not strictly ascending at {i}: {string.Join(',', cpus)}");
        }
    }

    [Fact]
    public void AllowedCpus_OnLinux_MatchesKernelCpusAllowedList()
    {
        // Environment.ProcessorCount is not the oracle: a cgroup CPU quota lowers it below the affinity count.
        var fromKernel = OperatingSystem.IsLinux()
            ? ReadCpusAllowedListOfThisThread()
            : Enumerable.Range(0, Environment.ProcessorCount).ToArray();

        var cpus = CpuAffinity.AllowedCpus();

        Assert.Equal(fromKernel, cpus);
    }

    [Fact]
    public void AllowedCpus_ThreadPinnedToLastCpu_ReportsOnlyThatCpu()
    {
        var last = CpuAffinity.AllowedCpus()[^1];

        var (pinned, error, seen) = RunOnNewThread(() =>
        {
            var ok = CpuAffinity.TryPinCurrentThread(last, out var pinError);
            return (ok, pinError, CpuAffinity.AllowedCpus());
        });

        if (OperatingSystem.IsLinux())
        {
            Assert.True(pinned, error);
            Assert.Equal([last], seen);
        }
        else
        {
            Assert.False(pinned);
            Assert.Equal(NotLinuxError, error);
        }
    }

    [Fact]
    public void TryPinCurrentThread_EachAllowedCpu_ThreadRunsOnThatCpu()
    {
        var failures = new List<string>();
        foreach (var cpu in CpuAffinity.AllowedCpus())
        {
            var (pinned, error, current) = RunOnNewThread(() =>
            {
                var ok = CpuAffinity.TryPinCurrentThread(cpu, out var pinError);
                // sched_setaffinity migrates the caller before returning, so no wait is needed here.
                return (ok, pinError, CpuAffinity.CurrentCpu());
            });

            if (!OperatingSystem.IsLinux())
            {
                if (pinned || error != NotLinuxError)
                {
                    failures.Add($"CPU {cpu}: expected the not-supported error, got pinned={pinned}, error={error}");
                }
            }
            else if (!pinned)
            {
                failures.Add($"CPU {cpu}: pinning failed: {error}");
            }
            else if (current != cpu)
            {
                failures.Add($"CPU {cpu}: pinned, but sched_getcpu says {current}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(5000)]         // 632-byte mask: beyond glibc's 1024-bit cpu_set_t, still on the stack
    [InlineData(100_000)]      // 12,504-byte mask: heap path
    [InlineData(int.MaxValue)] // beyond any mask we build
    public void TryPinCurrentThread_CpuNotAvailable_FailsWithActionableErrorAndKeepsAffinity(int cpu)
    {
        var before = CpuAffinity.AllowedCpus();
        Assert.DoesNotContain(cpu, before);

        var (pinned, error, after, current) = RunOnNewThread(() =>
        {
            var ok = CpuAffinity.TryPinCurrentThread(cpu, out var pinError);
            return (ok, pinError, CpuAffinity.AllowedCpus(), CpuAffinity.CurrentCpu());
        });

        Assert.False(pinned);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(error);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"CPU {cpu} is not available"), error, StringComparison.Ordinal);
            Assert.Contains($"(allowed: {CpuAffinity.FormatCpuList(before)})", error, StringComparison.Ordinal);
            Assert.Contains("errno 22", error, StringComparison.Ordinal);
            Assert.Contains("disable pinning", error, StringComparison.Ordinal);
            Assert.Equal(before, after);
            Assert.Contains(current, before);
        }
        else
        {
            Assert.Equal(NotLinuxError, error);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void TryPinCurrentThread_NegativeCpu_Throws(int cpu)
        => Assert.Throws<ArgumentOutOfRangeException>(() => CpuAffinity.TryPinCurrentThread(cpu, out _));

    [Fact]
    public void CurrentCpu_UnpinnedThread_IsAnAllowedCpu()
    {
        var current = CpuAffinity.CurrentCpu();

        if (OperatingSystem.IsLinux())
        {
            Assert.Contains(current, CpuAffinity.AllowedCpus());
        }
        else
        {
            Assert.Equal(-1, current);
        }
    }

    [Fact]
    public void BuildMask_AnyCpu_SetsExactlyThatBitInWholeWordsOfAtLeast128Bytes()
    {
        Gen.Int[0, 100_000].Sample(cpu =>
        {
            var mask = CpuAffinity.BuildMask(cpu);

            Assert.Equal(Math.Max(128, ((cpu / 64) + 1) * 8), mask.Length);
            Assert.Equal(0, mask.Length % 8);
            Assert.Equal((byte)(1 << (cpu % 8)), mask[cpu / 8]);
            Assert.Equal(1, mask.Sum(b => System.Numerics.BitOperations.PopCount(b)));
        });
    }

    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 2 }, "0,2")]
    [InlineData(new[] { 0, 1, 2, 3, 8, 10, 11 }, "0-3,8,10-11")]
    [InlineData(new[] { 11, 3, 2, 2, 10 }, "2-3,10-11")]
    public void FormatCpuList_Cpus_IsCompactRangeList(int[] cpus, string expected)
        => Assert.Equal(expected, CpuAffinity.FormatCpuList(cpus));

    private static int[] ReadCpusAllowedListOfThisThread()
    {
        // thread-self, not self: affinity is per thread and AllowedCpus reads the calling thread's.
        var line = File.ReadLines("/proc/thread-self/status")
            .Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        var list = line["Cpus_allowed_list:".Length..].Trim();
        return list.Split(',')
            .SelectMany(range =>
            {
                var parts = range.Split('-');
                var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
                var last = int.Parse(parts[^1], CultureInfo.InvariantCulture);
                return Enumerable.Range(first, last - first + 1);
            })
            .ToArray();
    }

    // Pinning changes the calling thread for good, so it never runs on an xunit or pool thread.
    private static T RunOnNewThread<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
#pragma warning disable CA1031 // Rethrown on the test thread below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "CpuAffinityTests",
        };
        thread.Start();

        Assert.True(thread.Join(s_joinTimeout), $"the pinned thread did not finish within {s_joinTimeout}");
        if (failure is not null)
        {
            throw new InvalidOperationException("the pinned thread threw", failure);
        }

        return result;
    }
}
