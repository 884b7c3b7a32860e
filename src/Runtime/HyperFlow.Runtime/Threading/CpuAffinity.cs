using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace HyperFlow.Runtime.Threading;

/// <summary>
/// Pins task-slot threads to CPUs. Linux only (<c>sched_setaffinity</c>); elsewhere pinning reports
/// failure and threads run unpinned.
/// </summary>
/// <remarks>
/// <para>Masks are sized from the CPU index, not a fixed 64 or 1024 bits, so machines with more CPUs
/// than glibc's <c>cpu_set_t</c> holds work.</para>
/// <code>
/// var cpus = CpuAffinity.AllowedCpus();
/// var slot = new Thread(() =>
/// {
///     if (!CpuAffinity.TryPinCurrentThread(cpus[0], out var error))
///     {
///         Console.Error.WriteLine(error);
///     }
///     RunSlot();
/// });
/// </code>
/// </remarks>
public static partial class CpuAffinity
{
    private const int Einval = 22;

    // glibc's cpu_set_t is 1024 bits; starting there means one call on almost every machine.
    private const int MinMaskBytes = 128;

    // 8M CPUs: far beyond any kernel's NR_CPUS, so reaching it means the call fails for another reason.
    private const int MaxMaskBytes = 1024 * 1024;

    private const int StackMaskLimit = 1024;

    /// <summary>
    /// The CPUs the calling thread may run on: for a thread that has not been pinned, the process's
    /// set after <c>taskset</c> and container cpusets.
    /// </summary>
    /// <returns>
    /// CPU indexes, ascending and distinct. When not on Linux, or when <c>sched_getaffinity</c> fails,
    /// <c>0</c> to <see cref="Environment.ProcessorCount"/> - 1.
    /// </returns>
    public static IReadOnlyList<int> AllowedCpus()
    {
        if (OperatingSystem.IsLinux() && TryGetAffinity(out var cpus))
        {
            return cpus;
        }

        return Enumerable.Range(0, Environment.ProcessorCount).ToArray();
    }

    /// <summary>Pins the calling thread to one CPU; the kernel migrates it there before this returns.</summary>
    /// <param name="cpu">The CPU index, as listed by <see cref="AllowedCpus"/>.</param>
    /// <param name="error">When pinning failed: what failed, the errno, and what to do; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the thread is pinned; <see langword="false"/> when it runs with its affinity unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cpu"/> is negative.</exception>
    public static bool TryPinCurrentThread(int cpu, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);

        if (!OperatingSystem.IsLinux())
        {
            error = "CPU pinning is only supported on Linux; the thread runs unpinned";
            return false;
        }

        int errno;
        if (cpu >= MaxMaskBytes * 8)
        {
            // No kernel has this many CPUs; refuse before allocating a huge mask.
            errno = Einval;
        }
        else
        {
            try
            {
                if (SetAffinity(cpu, out errno))
                {
                    error = null;
                    return true;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                error = string.Create(CultureInfo.InvariantCulture,
                    $"CPU pinning is unavailable: sched_setaffinity could not be loaded from libc ({e.Message}); the thread runs unpinned");
                return false;
            }
        }

        var allowed = FormatCpuList(AllowedCpus());
        error = errno == Einval
            ? string.Create(CultureInfo.InvariantCulture,
                $"CPU {cpu} is not available to this process (allowed: {allowed}); sched_setaffinity failed with errno {errno} (EINVAL). Choose CPUs from the allowed list or disable pinning")
            : string.Create(CultureInfo.InvariantCulture,
                $"Pinning the thread to CPU {cpu} failed: sched_setaffinity returned errno {errno} ({ErrnoName(errno)}); allowed CPUs: {allowed}. Check that the process may change its affinity (EPERM: seccomp or container policy) or disable pinning");
        return false;
    }

    /// <summary>The CPU the calling thread is running on at this instant (<c>sched_getcpu</c>).</summary>
    /// <returns>The CPU index, or -1 when not on Linux or the call fails.</returns>
    public static int CurrentCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        try
        {
            return SchedGetCpu();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>A <c>cpu_set_t</c> with only <paramref name="cpu"/> set: bit <c>cpu % 8</c> of byte <c>cpu / 8</c>.</summary>
    internal static byte[] BuildMask(int cpu)
    {
        var mask = new byte[MaskBytes(cpu)];
        FillMask(mask, cpu);
        return mask;
    }

    /// <summary>Bytes of the mask for <paramref name="cpu"/>: whole 64-bit words (the kernel requires it), at least glibc's 128.</summary>
    internal static int MaskBytes(int cpu) => Math.Max(MinMaskBytes, ((cpu / 64) + 1) * 8);

    /// <summary>Formats CPU indexes compactly, as the kernel does: <c>0-3,8,10-11</c>.</summary>
    internal static string FormatCpuList(IEnumerable<int> cpus)
    {
        var sorted = cpus.Distinct().Order().ToArray();
        var builder = new StringBuilder();
        for (var i = 0; i < sorted.Length;)
        {
            var start = sorted[i];
            var end = start;
            while (++i < sorted.Length && sorted[i] == end + 1)
            {
                end = sorted[i];
            }

            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(start == end
                ? start.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start}-{end}"));
        }

        return builder.ToString();
    }

    private static void FillMask(Span<byte> mask, int cpu)
    {
        mask.Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
    }

    [SupportedOSPlatform("linux")]
    private static unsafe bool SetAffinity(int cpu, out int errno)
    {
        var bytes = MaskBytes(cpu);
        if (bytes <= StackMaskLimit)
        {
            var stackMask = stackalloc byte[bytes];
            FillMask(new Span<byte>(stackMask, bytes), cpu);
            return SetAffinity(stackMask, bytes, out errno);
        }

        var heapMask = (byte*)NativeMemory.Alloc((nuint)bytes);
        try
        {
            FillMask(new Span<byte>(heapMask, bytes), cpu);
            return SetAffinity(heapMask, bytes, out errno);
        }
        finally
        {
            NativeMemory.Free(heapMask);
        }
    }

    [SupportedOSPlatform("linux")]
    private static unsafe bool SetAffinity(byte* mask, int bytes, out int errno)
    {
        // pid 0 is the calling thread, not the whole process.
        if (SchedSetAffinity(0, (nuint)bytes, mask) == 0)
        {
            errno = 0;
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [SupportedOSPlatform("linux")]
    private static unsafe bool TryGetAffinity(out int[] cpus)
    {
        try
        {
            var stackMask = stackalloc byte[StackMaskLimit];
            for (var bytes = MinMaskBytes; bytes <= MaxMaskBytes; bytes *= 2)
            {
                int errno;
                if (bytes <= StackMaskLimit)
                {
                    if (TryGetAffinity(stackMask, bytes, out cpus, out errno))
                    {
                        return true;
                    }
                }
                else
                {
                    var heapMask = (byte*)NativeMemory.Alloc((nuint)bytes);
                    try
                    {
                        if (TryGetAffinity(heapMask, bytes, out cpus, out errno))
                        {
                            return true;
                        }
                    }
                    finally
                    {
                        NativeMemory.Free(heapMask);
                    }
                }

                // EINVAL: the kernel's mask (nr_cpu_ids bits) is wider than ours; anything else will not improve with size.
                if (errno != Einval)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Documented fallback: callers get every CPU .NET sees, which is what an unpinned thread uses anyway.
        }

        cpus = [];
        return false;
    }

    [SupportedOSPlatform("linux")]
    private static unsafe bool TryGetAffinity(byte* mask, int bytes, out int[] cpus, out int errno)
    {
        if (SchedGetAffinity(0, (nuint)bytes, mask) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            cpus = [];
            return false;
        }

        errno = 0;
        var result = new List<int>();
        var span = new ReadOnlySpan<byte>(mask, bytes);
        for (var i = 0; i < span.Length; i++)
        {
            for (int b = span[i], bit = 0; b != 0; b >>= 1, bit++)
            {
                if ((b & 1) != 0)
                {
                    result.Add((i * 8) + bit);
                }
            }
        }

        cpus = [.. result];
        return cpus.Length > 0;
    }

    private static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM",
        3 => "ESRCH",
        14 => "EFAULT",
        Einval => "EINVAL",
        _ => "see errno(3)",
    };

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    [SupportedOSPlatform("linux")]
    private static unsafe partial int SchedGetAffinity(int pid, nuint cpuSetSize, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    [SupportedOSPlatform("linux")]
    private static unsafe partial int SchedSetAffinity(int pid, nuint cpuSetSize, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_getcpu", SetLastError = true)]
    [SupportedOSPlatform("linux")]
    private static partial int SchedGetCpu();
}
