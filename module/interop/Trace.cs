// Trace.cs - a cr_trace: packet captures (pcap, pcapng) read into TCP
// connections, TDS PRELOGIN and TLS decoded, and every reset or failed
// handshake explained with frame numbers (issue 14).
using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>An owned <c>cr_trace</c>; dispose it (or let the finalizer) to free it.</summary>
    public sealed class Trace : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Trace() : base(true)
        {
        }

        /// <summary>Frees the native trace.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_trace_free(handle);
            return true;
        }

        /// <summary>
        /// An empty trace. <paramref name="server"/> keeps only the connections with one server:
        /// an IP address with an optional port ("10.0.0.5", "10.0.0.5:1433", "[fe80::1]:1433"),
        /// or null (or "", which PowerShell passes for $null) for every connection. Host names are
        /// refused (CR_EINVAL): they are not resolved.
        /// </summary>
        public static Trace Create(string server)
        {
            NativeLibraryLoader.EnsureLoaded();
            if (string.IsNullOrEmpty(server))
                server = null;
            byte[] serverBytes = Utf8.ToNative(server, "server");
            GCHandle pin = default(GCHandle);
            try
            {
                var options = new NativeMethods.TraceOptions
                {
                    Version = NativeMethods.TraceOptionsVersion,
                    Server = IntPtr.Zero
                };
                if (serverBytes != null)
                {
                    pin = GCHandle.Alloc(serverBytes, GCHandleType.Pinned);
                    options.Server = pin.AddrOfPinnedObject();
                }
                Trace trace;
                int rc = NativeMethods.cr_trace_new(out trace, ref options);
                if (rc < 0)
                {
                    ConnResetException error = ConnResetException.FromLastError(rc);
                    if (trace != null)
                        trace.Dispose();
                    throw error;
                }
                return trace;
            }
            finally
            {
                if (pin.IsAllocated)
                    pin.Free();
            }
        }

        /// <summary>
        /// Reads one capture file into the trace. Returns null when the whole file was read; the
        /// error otherwise (CR_EPARSE with the byte offset of the damage, CR_ENOTFOUND, CR_EIO),
        /// in which case what was read before the damage stays in the trace.
        /// </summary>
        public ConnResetException AddFile(string path)
        {
            if (path == null)
                throw new ArgumentNullException("path");
            int rc = NativeMethods.cr_trace_add_file(this, Utf8.ToNative(path, "path"));
            return rc < 0 ? ConnResetException.FromLastError(rc) : null;
        }

        /// <summary>Sets the configuration match of the same client and server beside the verdicts.</summary>
        public void SetMatch(Match match)
        {
            if (match == null)
                throw new ArgumentNullException("match");
            NativeMethods.Check(NativeMethods.cr_trace_set_match(this, match));
        }

        /// <summary>TCP connections read so far.</summary>
        public long ConnectionCount
        {
            get { return (long)(ulong)NativeMethods.cr_trace_connection_count(this); }
        }

        /// <summary>Files whose reading stopped at damage.</summary>
        public int DamagedCount
        {
            get { return (int)(ulong)NativeMethods.cr_trace_damaged_count(this); }
        }

        /// <summary>The trace as JSON (schema connreset.trace/1).</summary>
        public string ToJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_trace_to_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>The trace as text for a console.</summary>
        public string ToText()
        {
            IntPtr text;
            NativeMethods.Check(NativeMethods.cr_trace_to_text(out text, this));
            return Utf8.TakeNative(text);
        }
    }
}
