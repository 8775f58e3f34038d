// Match.cs - a cr_match: what a client and a server would negotiate over
// Schannel (the protocol versions both enable, the suite the server picks,
// and a verdict naming the failing family with the smallest fix per side).
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>The key type of the server's certificate (cr_server_key).</summary>
    public enum ServerKey
    {
        /// <summary>From the server's certificate when known, else RSA (and the match says it assumed so).</summary>
        Auto = 0,
        /// <summary>An RSA certificate: only *_RSA_* and plain RSA key-exchange suites can be chosen.</summary>
        Rsa = 1,
        /// <summary>An ECDSA certificate: only *_ECDSA_* suites (and TLS 1.3 suites) can be chosen.</summary>
        Ecdsa = 2
    }

    /// <summary>An owned <c>cr_match</c>; dispose it (or let the finalizer) to free it.</summary>
    public sealed class Match : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Match() : base(true)
        {
        }

        /// <summary>Frees the native match.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_match_free(handle);
            return true;
        }

        /// <summary>
        /// Works out what <paramref name="client"/> and <paramref name="server"/> would negotiate.
        /// The snapshots are only read during the call; they may be disposed afterwards.
        /// </summary>
        public static Match Create(Snapshot client, Snapshot server, ServerKey serverKey)
        {
            if (client == null)
                throw new ArgumentNullException("client");
            if (server == null)
                throw new ArgumentNullException("server");
            NativeMethods.MatchOptions options = Options(serverKey);
            Match match;
            int rc = NativeMethods.cr_tls_match(out match, client, server, ref options);
            return Checked(rc, match);
        }

        /// <summary>
        /// The same judgement on machines already read with <see cref="Machine.Open"/>, for matching
        /// each machine of a fleet against many others without reading it again.
        /// </summary>
        public static Match Create(Machine client, Machine server, ServerKey serverKey)
        {
            if (client == null)
                throw new ArgumentNullException("client");
            if (server == null)
                throw new ArgumentNullException("server");
            NativeMethods.MatchOptions options = Options(serverKey);
            Match match;
            int rc = NativeMethods.cr_tls_match_machines(out match, client, server, ref options);
            return Checked(rc, match);
        }

        private static NativeMethods.MatchOptions Options(ServerKey serverKey)
        {
            if (!Enum.IsDefined(typeof(ServerKey), serverKey))
                throw new ArgumentOutOfRangeException("serverKey");
            NativeLibraryLoader.EnsureLoaded();
            return new NativeMethods.MatchOptions
            {
                Version = NativeMethods.MatchOptionsVersion,
                ServerKey = (int)serverKey
            };
        }

        private static Match Checked(int rc, Match match)
        {
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (match != null)
                    match.Dispose();
                throw error;
            }
            return match;
        }

        /// <summary>
        /// The match of <paramref name="client"/> and <paramref name="server"/> as JSON (schema
        /// connreset.match/1), with <paramref name="canConnect"/> set from the verdict.
        /// </summary>
        public static string Json(Snapshot client, Snapshot server, ServerKey serverKey, out bool canConnect)
        {
            using (Match match = Create(client, server, serverKey))
            {
                canConnect = match.CanConnect;
                return match.ToJson();
            }
        }

        /// <summary>The match as JSON (schema connreset.match/1).</summary>
        public static string Json(Snapshot client, Snapshot server, ServerKey serverKey)
        {
            bool canConnect;
            return Json(client, server, serverKey, out canConnect);
        }

        /// <summary>True when the two can agree on a protocol and a cipher suite.</summary>
        public bool CanConnect
        {
            get { return NativeMethods.cr_match_can_connect(this) == 1; }
        }

        /// <summary>Number of pair findings (PROTO001/002, SUITE001, DHEZERO001).</summary>
        public long FindingCount
        {
            get { return (long)NativeMethods.cr_match_finding_count(this).ToUInt64(); }
        }

        /// <summary>
        /// The match as JSON (schema connreset.match/1): client, server, serverKey, protocols
        /// (with the server's choice per common version), verdict (canConnect, family, protocol,
        /// suite, reason, fixes) and findings.
        /// </summary>
        public string ToJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_match_to_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>The match as console text.</summary>
        public string ToText()
        {
            IntPtr text;
            NativeMethods.Check(NativeMethods.cr_match_to_text(out text, this));
            return Utf8.TakeNative(text);
        }
    }
}
