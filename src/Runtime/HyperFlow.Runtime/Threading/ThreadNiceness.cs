using System.Globalization;
using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Threading;

/// <summary>
/// Lowers the scheduling priority of the calling thread (Linux <c>setpriority</c> on the thread id), so
/// that background work such as writing checkpoints takes only CPU time the task slots leave over.
/// </summary>
internal static partial class ThreadNiceness
{
    private const int PrioProcess = 0;

    /// <summary>The lowest priority: under contention such a thread gets about 1.5% of a CPU next to one at 0.</summary>
    public const int Lowest = 19;

    /// <summary>Sets the calling thread's nice value (raising it never needs privileges).</summary>
    /// <param name="nice">The nice value, 0 (default) to 19 (lowest).</param>
    /// <param name="error">When it failed: what and why; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the thread's priority was set.</returns>
    public static bool TrySetCurrentThread(int nice, out string? error)
    {
        if (!OperatingSystem.IsLinux())
        {
            error = "thread priorities are only set on Linux; the thread runs at normal priority";
            return false;
        }

        try
        {
            if (SetPriority(PrioProcess, GetTid(), nice) == 0)
            {
                error = null;
                return true;
            }

            int errno = Marshal.GetLastPInvokeError();
            error = string.Create(CultureInfo.InvariantCulture, $"setpriority({nice}) failed with errno {errno}; the thread runs at normal priority");
            return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            error = $"setpriority could not be loaded from libc ({e.Message}); the thread runs at normal priority";
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
