// Machine.cs - a cr_machine: one machine's effective Schannel configuration,
// read once from its snapshot, to match against many others (fleets).
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>
    /// An owned <c>cr_machine</c>; dispose it (or let the finalizer) to free it. Independent of
    /// the snapshot it was read from. A <see cref="Match"/> made from it keeps its own reference,
    /// so either may be disposed first. The native reference count is not atomic: do not match
    /// the same Machine from several threads at once.
    /// </summary>
    public sealed class Machine : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Machine() : base(true)
        {
        }

        /// <summary>Releases this reference to the native machine.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_machine_free(handle);
            return true;
        }

        /// <summary>Reads the machine's effective configuration from <paramref name="snapshot"/>.</summary>
        public static Machine Open(Snapshot snapshot)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            NativeLibraryLoader.EnsureLoaded();
            Machine machine;
            int rc = NativeMethods.cr_machine_open(out machine, snapshot);
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (machine != null)
                    machine.Dispose();
                throw error;
            }
            return machine;
        }

        /// <summary>The host name, or the snapshot file when the snapshot has none.</summary>
        public string Name
        {
            get { return Utf8.FromNative(NativeMethods.cr_machine_name(this)); }
        }
    }
}
