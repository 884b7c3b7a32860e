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

    /// <summary>
    /// The priority of background work: a thread at nice 10 gets about a tenth of a CPU that a thread at
    /// the default priority keeps busy (CFS weights 110 and 1024), and all of an idle one. Lower (19) starves
    /// it: a checkpoint written beside two busy slots took seconds.
    /// </summary>
    public const int Background = 10;

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
