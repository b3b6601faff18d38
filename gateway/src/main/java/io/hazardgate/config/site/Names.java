package io.hazardgate.config.site;

/**
 * A name in Chinese and in English, as a site file gives it ({@code name: {zh: 1号储罐区, en: Tank farm 1}}),
 * so that the control room shows each language alone. A name written as one string is split where a
 * Chinese part is followed by an English one ({@code 101罐液位 Tank 101 level}); a name in one language
 * only stands for both.
 */
public record Names(String zh, String en) {
    public Names {
        if (zh == null || zh.isBlank()) zh = en;
        if (en == null || en.isBlank()) en = zh;
        if (zh == null || zh.isBlank()) throw new IllegalArgumentException("a name needs at least one language");
        zh = zh.strip();
        en = en.strip();
    }

    /** Both languages in one line, Chinese first ({@code 101罐液位 Tank 101 level}); one when they are equal. */
    public String text() { return zh.equals(en) ? zh : zh + " " + en; }

    /**
     * Splits a one-string name after its last Chinese character (and any closing bracket or word stuck to
     * it): {@code 1号储罐区（粗苯） Tank farm 1 (crude benzene)} is {@code 1号储罐区（粗苯）} and
     * {@code Tank farm 1 (crude benzene)}. Without Chinese, or without English after it, both languages
     * are the whole string.
     */
    public static Names of(String text) {
        String s = text.strip();
        int last = -1;
        for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
            if (isChinese(s.codePointAt(i))) last = i;
        }
        if (last < 0) return new Names(s, s);
        int cut = s.indexOf(' ', last);
        if (cut < 0) return new Names(s, s);
        String zh = s.substring(0, cut).strip();
        String en = s.substring(cut + 1).strip();
        boolean latin = en.chars().anyMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        return latin ? new Names(zh, en) : new Names(s, s);
    }

    /** Han characters and the full-width punctuation written with them. */
    static boolean isChinese(int cp) {
        return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x20000 && cp <= 0x2FFFF);
    }
}
