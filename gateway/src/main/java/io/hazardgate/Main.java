package io.hazardgate;
public final class Main { public static void main(String[] a) {} }
