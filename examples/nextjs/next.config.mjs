/** @type {import("next").NextConfig} */
export default {
  // Next's default for the App Router, said out loud: React's StrictMode (double mounts in `next dev`).
  reactStrictMode: true,
};
