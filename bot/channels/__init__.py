"""Channel adapters that need a platform library (imported only by `danvan run`)."""
